import Parse from "parse";

// ruleid: RC102
Parse.initialize("APP_ID", "JS_KEY", "MASTER_KEY_VALUE");

export async function listUsers() {
  const query = new Parse.Query(Parse.User);
  // ruleid: RC102
  return query.find({ useMasterKey: true });
}

export async function listPosts() {
  // ok: RC102
  return new Parse.Query("Post").find({ useMasterKey: false });
}
