module.exports = {
  async up(queryInterface) {
    // ok: RC504
    await queryInterface.addIndex("Orders", ["userId"], { concurrently: true });
  },
  async down(queryInterface) {
    await queryInterface.removeIndex("Orders", ["userId"]);
  },
};
