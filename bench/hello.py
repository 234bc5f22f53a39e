"""The bare-Flask ceiling for `make bench`: "hello" from Flask alone, served by gunicorn under the very
settings wijkstem runs with (bench.server.Gunicorn with app=HELLO_APP). A route's ratio to it says how
much of the framework's own throughput on this machine the route keeps."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
