-- café (Latin-1, not UTF-8)
SELECT 1;
