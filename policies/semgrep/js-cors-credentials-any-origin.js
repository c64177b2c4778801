const express = require("express");
const cors = require("cors");

const app = express();
// ruleid: js-cors-credentials-any-origin
app.use(cors({ origin: true, credentials: true }));
// ok: js-cors-credentials-any-origin
app.use(cors({ origin: ["https://app.example.com"], credentials: true }));
