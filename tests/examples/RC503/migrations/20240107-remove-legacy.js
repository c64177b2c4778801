module.exports = {
  up: async (queryInterface, Sequelize) => {
    // ruleid: RC503
    await queryInterface.removeColumn("Users", "legacyId");
    // ruleid: RC503
    await queryInterface.bulkDelete("Sessions", null, {});
    // ok: RC503
    await queryInterface.bulkDelete("Sessions", { expired: true }, {});
    // ruleid: RC503
    await queryInterface.addColumn("Users", "plan", { type: Sequelize.STRING, allowNull: false });
    // ok: RC503
    await queryInterface.addColumn("Users", "tier", { type: Sequelize.STRING, allowNull: false, defaultValue: "free" });
  },
  down: async (queryInterface, Sequelize) => {
    await queryInterface.addColumn("Users", "legacyId", { type: Sequelize.STRING });
    await queryInterface.removeColumn("Users", "tier");
    await queryInterface.removeColumn("Users", "plan");
  },
};
