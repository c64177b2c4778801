from flask import Blueprint, Flask, abort, request
from flask_login import current_user, login_required

from api.models import Todo

app = Flask(__name__)
bp = Blueprint("todos", __name__, url_prefix="/todos")


@bp.route("/<int:todo_id>", methods=["GET"])
@login_required
def show(todo_id):
    # ruleid: RC201
    todo = Todo.query.get_or_404(todo_id)
    return todo.title


@bp.route("/<int:todo_id>/mine", methods=["GET"])
@login_required
def show_mine(todo_id):
    # ok: RC201
    todo = Todo.query.filter_by(id=todo_id, owner_id=current_user.id).first_or_404()
    return todo.title


@bp.delete("/<int:todo_id>")
@login_required
def remove(todo_id):
    # ok: RC201
    todo = Todo.query.get_or_404(todo_id)
    if todo.owner_id != current_user.id:
        abort(403)
    todo.delete()


@bp.post("/by-body")
@login_required
def remove_by_body():
    # ruleid: RC201
    todo = Todo.query.get(request.json["id"])
    todo.delete()


app.register_blueprint(bp, url_prefix="/api/v2")
