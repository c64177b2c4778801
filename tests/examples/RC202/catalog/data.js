const admin = require("firebase-admin");

const db = admin.firestore();

async function Create(collectionName, data) {
  const done = await db.collection(collectionName).add(data);
  return done.id;
}

async function Update(collectionName, data, docName) {
  await db.collection(collectionName).doc(docName).update(data);
}

async function Remove(collectionName, docName) {
  await db.collection(collectionName).doc(docName).delete();
}

module.exports = { Create, Update, Remove };
