from fastapi import APIRouter

from recipes_app.repos import AllRepositories
from recipes_app.routes.base import BaseAdminController, BaseUserController, UserAPIRouter
from recipes_app.routes.controller import controller

router = UserAPIRouter(prefix="/recipes")
admin_router = APIRouter(prefix="/admin/recipes")


@controller(router)
class RecipeController(BaseUserController):
    @router.get("/{item_id}")
    def get_one(self, item_id: int):
        # the repository is built with the caller's group: the lookup is scoped
        # ok: RC201
        return self.repos.recipes.get_one(item_id)

    @router.delete("/{item_id}")
    def delete_one(self, item_id: int):
        # ok: RC201
        return self.repos.recipes.delete(item_id)

    @router.delete("/{item_id}/anywhere")
    def delete_anywhere(self, item_id: int):
        # a repository built without the group reaches every group's recipes
        repos = AllRepositories(self.session)
        # ruleid: RC201
        return repos.recipes.delete(item_id)


@controller(admin_router)
class AdminRecipeController(BaseAdminController):
    @admin_router.delete("/{item_id}")
    def purge(self, item_id: int):
        # administrators only (get_admin_user through the base class): not reported
        # ok: RC201
        repos = AllRepositories(self.session)
        return repos.recipes.delete(item_id)
