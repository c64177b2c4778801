from fastapi import FastAPI

from recipes_app.routes import recipes

app = FastAPI()
app.include_router(recipes.router, prefix="/api")
app.include_router(recipes.admin_router, prefix="/api")
