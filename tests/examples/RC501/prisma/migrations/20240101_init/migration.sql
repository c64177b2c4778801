-- ruleid: RC501
CREATE TABLE "Account" ("id" TEXT NOT NULL, CONSTRAINT "Account_pkey" PRIMARY KEY ("id"));
