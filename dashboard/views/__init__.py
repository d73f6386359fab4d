"""The dashboard pages (Streamlit scripts run by ``st.navigation`` in ``app.py``; not for import).

Not named ``pages/``: Streamlit treats a ``pages/`` folder beside the entry script as a
legacy multipage app, and AppTest then reruns a page without the entry script.
"""
