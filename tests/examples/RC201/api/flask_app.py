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


@bp.put("/users/<int:user_id>")
@login_required
def update_own_profile(user_id):
    if current_user.id != user_id:
        abort(403)
    # ok: RC201
    profile = Todo.query.get_or_404(user_id)
    # ok: RC201
    if Todo.query.filter_by(title=request.json["title"]).first():
        abort(400)
    profile.title = request.json["title"]


@bp.put("/users/<int:user_id>/unchecked")
@login_required
def update_profile_compared_without_refusing(user_id):
    same = current_user.id == user_id
    # ruleid: RC201
    profile = Todo.query.get_or_404(user_id)
    profile.title = request.json["title"] if same else profile.title


@bp.get("/search")
@login_required
def search():
    page = request.args.get("page", 1, type=int)
    # ok: RC201
    results = Todo.query.filter_by(public=True).paginate(page=page, per_page=20)
    return [t.title for t in results.items]
