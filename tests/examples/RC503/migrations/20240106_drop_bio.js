exports.up = function (knex) {
  return knex.schema.alterTable("users", (t) => {
    // ruleid: RC503
    t.dropColumn("bio");
    // ok: RC503
    t.string("nickname");
  });
};

exports.down = function (knex) {
  return knex.schema.alterTable("users", (t) => {
    t.dropColumn("nickname");
    t.text("bio");
  });
};
