// ruleid: RC202
export default eventHandler(async (event) => {
  const id = getRouterParam(event, "id");
  return await useDB().delete(tables.todos).where(eq(tables.todos.id, Number(id))).returning().get();
});
