-- A plpgsql trigger function: semicolons inside its dollar-quoted body.
CREATE FUNCTION normalize_email() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(trim(NEW.email));
  IF NEW.email NOT LIKE '%@%' THEN
    RAISE EXCEPTION 'not an email: %', NEW.email;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER accounts_normalize_email
  BEFORE INSERT OR UPDATE OF email ON accounts
  FOR EACH ROW EXECUTE FUNCTION normalize_email();

-- A tagged dollar quote whose body holds a $$ of its own and a semicolon in a string.
CREATE FUNCTION describe(n bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $body$
DECLARE
  result text := '$$;';
BEGIN
  result := result || ' ' || n::text || ';';
  RETURN result;
END;
$body$;

-- A SQL-standard body: BEGIN ATOMIC ... END holds statements of its own.
CREATE FUNCTION account_count() RETURNS bigint
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM accounts;
END;
