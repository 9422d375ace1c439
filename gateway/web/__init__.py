"""The web edge, and the only room that reads Flask's requests: Africa's Talking's callbacks
(`callbacks`: the secret, strict fields; `ussd`, `sms`), the health check, the officers'
console (`console/`), the public results (`results`), the phone simulator, the error pages,
a read's one more run on a lost database connection (`retries`), and what pages share
(`pages`: headers and the moment; `texts`: the pages' words in both languages; `charts`:
inline SVG), with `templates/` and `static/`.

A view reads the request, calls one service of the rooms below, and renders or answers.

May import: Flask and every room below it (people, lifecycle, messaging, casework, channels,
reporting), gateway.config and gateway.runtime. Never ops.
"""
