module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn("Users", "avatar", { type: Sequelize.STRING });
  },
  // ruleid: RC501
  async down() {},
};
