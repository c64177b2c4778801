exports.up = function (knex) {
  return knex.schema.createTable("comments", (t) => {
    t.increments("id");
    t.text("body");
  });
};

// ok: RC501
exports.down = function (knex) {
  return knex.schema.dropTable("comments");
};
