export async function up(knex) {
  await knex.schema.createTable("follows", (t) => {
    t.increments("id");
  });
}

// ok: RC502
export async function down(knex) {
  await knex.schema.dropTableIfExists("follows");
}
