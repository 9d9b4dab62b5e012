-- UTF-8 in names, strings and comments: crème brûlée ☕ 🍰
CREATE TABLE "café" (
  "naïve" text NOT NULL DEFAULT 'crème brûlée ☕',
  price text NOT NULL DEFAULT '3,50 €'
);
INSERT INTO "café" DEFAULT VALUES;
