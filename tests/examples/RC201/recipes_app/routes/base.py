from fastapi import APIRouter, Depends

from recipes_app.deps import get_admin_user, get_current_user, get_db
from recipes_app.repos import AllRepositories


class UserAPIRouter(APIRouter):
    """Every route of this router requires a signed-in user."""

    def __init__(self, prefix: str = "", **kwargs):
        super().__init__(prefix=prefix, dependencies=[Depends(get_current_user)], **kwargs)


class BaseUserController:
    session = Depends(get_db)
    user = Depends(get_current_user)

    @property
    def group_id(self):
        return self.user.group_id

    @property
    def repos(self):
        return AllRepositories(self.session, group_id=self.group_id)


class BaseAdminController(BaseUserController):
    user = Depends(get_admin_user)
