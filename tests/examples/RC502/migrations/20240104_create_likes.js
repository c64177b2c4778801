exports.up = async function (knex) {
  await knex.schema.createTable("likes", (t) => {
    t.increments("id");
  });
};

// ruleid: RC502
exports.down = async function (knex) {
  await knex.schema.dropTable("reactions");
};
