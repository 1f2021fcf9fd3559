"""The ceiling: a bare FastAPI app answering a fixed JSON body, under the same uvicorn settings."""

from fastapi import FastAPI

app = FastAPI()
BODY = {"status": "ok", "service": "bare", "amount": "123.45"}


@app.get("/bare")
async def bare() -> dict[str, str]:
    return BODY
