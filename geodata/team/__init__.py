"""Team mode: local accounts, roles and sign-in sessions for a shared (PostGIS) store.

:mod:`geodata.team.auth` holds the accounts file, password hashing (Argon2), the roles and what
each may do, sign-in throttling and expiring sessions. It imports no Streamlit: the dashboard
calls it on the server for every protected action.

May import: :mod:`geodata.exceptions`, :mod:`geodata.atomic`.
"""
