exports.up = function (knex) {
  return knex.schema.alterTable("users", (t) => {
    // ruleid: RC503
    t.dropColumn("bio");
    // ok: RC503
    t.string("nickname");
    // ruleid: RC503
    t.dropColumns("fax", "pager");
  });
};

exports.down = function (knex) {
  return knex.schema.alterTable("users", (t) => {
    t.dropColumn("nickname");
    t.text("bio");
    t.string("fax");
    t.string("pager");
  });
};
