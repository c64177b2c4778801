from flask import Flask, request

flask_app = Flask(__name__)


@flask_app.get("/rows")
def rows():
    size = request.args.get("size", 50, type=int)
    # ruleid: RC302
    return {"rows": Row.query.paginate(page=1, per_page=size).items}
