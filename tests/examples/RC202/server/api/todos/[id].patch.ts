// ok: RC202
export default eventHandler(async (event) => {
  const session = await requireUserSession(event);
  const id = getRouterParam(event, "id");
  return await useDB()
    .update(tables.todos)
    .set({ completed: 1 })
    .where(and(eq(tables.todos.id, Number(id)), eq(tables.todos.userId, session.user.id)))
    .returning()
    .get();
});
