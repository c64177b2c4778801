exports.up = function (knex) {
  return knex.schema.createTable("posts", (t) => {
    t.increments("id");
    t.string("title").notNullable();
  });
};

// ruleid: RC501
exports.down = function (knex) {};
