from sqlalchemy import select


class RepositoryGeneric:
    """One model's queries, filtered by the group when the repository is built with one."""

    def __init__(self, session, model, group_id=None):
        self.session = session
        self.model = model
        self.group_id = group_id

    def _query(self):
        query = select(self.model)
        if self.group_id is not None:
            query = query.filter(self.model.group_id == self.group_id)
        return query

    def get_one(self, item_id):
        return self.session.execute(self._query().filter(self.model.id == item_id)).scalar_one()

    def delete(self, item_id):
        item = self.get_one(item_id)
        self.session.delete(item)
        return item


class AllRepositories:
    def __init__(self, session, group_id=None):
        self.session = session
        self.group_id = group_id

    @property
    def recipes(self):
        from recipes_app.models import Recipe

        return RepositoryGeneric(self.session, Recipe, group_id=self.group_id)
