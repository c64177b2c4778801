module.exports = {
  up: async (queryInterface, Sequelize) => {
    // ruleid: RC503
    await queryInterface.removeColumn("Users", "legacyId");
    // ruleid: RC503
    await queryInterface.bulkDelete("Sessions", null, {});
    // ok: RC503
    await queryInterface.bulkDelete("Sessions", { expired: true }, {});
  },
  down: async (queryInterface, Sequelize) => {
    await queryInterface.addColumn("Users", "legacyId", { type: Sequelize.STRING });
  },
};
