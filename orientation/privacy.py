"""What may be kept of a free text: never an e-mail address or a phone number."""

import re

# « nom@domaine.fr », « nom @ domaine.fr », and the ways people hide the « @ » from robots:
# « nom (at) domaine.fr », « nom [at] domaine [point] fr », « nom arobase domaine point fr ».
_AT = r"(?:\s*@\s*|\s*[(\[]\s*(?:at|arobase|a)\s*[)\]]\s*|\s+(?:arobase|at)\s+)"
_DOT = r"(?:\.|\s*[(\[]\s*(?:dot|point)\s*[)\]]\s*|\s+(?:dot|point)\s+)"
EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.UNICODE | re.IGNORECASE)
# « 06 12 34 56 78 », « 06.12.34.56.78 », « 06  12 … », « 06 - 12 … », « +33 6 … »,
# « +33 (0)6 … », « 0033 6 … ».
PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)\s*33\s*(?:\(0\)\s*)?|0)[1-9](?:[\s.\-]{0,3}\d{2}){4}(?!\d)"
)
MAX_LENGTH = 300


def redact(text: str) -> str:
    text = EMAIL.sub("[courriel]", text or "")
    text = PHONE.sub("[téléphone]", text)
    return " ".join(text.split())[:MAX_LENGTH]
