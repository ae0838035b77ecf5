"""What may be kept of a free text: never an e-mail address or a phone number."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<!\d)(?:\+|00)?(?:33\s?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)")
MAX_LENGTH = 300


def redact(text: str) -> str:
    text = EMAIL.sub("[courriel]", text or "")
    text = PHONE.sub("[téléphone]", text)
    return " ".join(text.split())[:MAX_LENGTH]
