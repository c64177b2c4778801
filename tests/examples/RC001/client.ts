// ruleid: RC001
// readycheck: ignore[RC303] reason=""
export const client = {};
