CREATE TABLE quota_checked (id integer);
DO $$
DECLARE
  n integer;
BEGIN
  SELECT count(*) INTO n FROM quota;
  IF n > 0 THEN
    RAISE EXCEPTION 'quota is not empty'
      USING DETAIL = format('found %s rows', n),
            HINT = 'truncate quota before this migration',
            ERRCODE = '22023';
  END IF;
END
$$;
