"""The back-office simulator: a real HTTP server (FastAPI + uvicorn) with SQLite state, seeded
realistic accounts and test-only controls under /_sim. See README.md in this folder."""
