// A Firebase web config: its apiKey only names the project and is public by design.
import { initializeApp } from "firebase/app";

const firebaseConfig = {
  // ok: RC101
  apiKey: "AIzaSyDEMOreadycheckFAKE111111111111111",
  authDomain: "demo-readycheck.firebaseapp.com",
  projectId: "demo-readycheck",
  storageBucket: "demo-readycheck.appspot.com",
  messagingSenderId: "000000000000",
};
export const app = initializeApp(firebaseConfig);
