-- A dollar-quoted body with semicolons in it: the PostgreSQL lint must not split it.
CREATE FUNCTION normalize_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(NEW.email);
  RETURN NEW;
END;
$$;
CREATE TRIGGER users_normalize_email BEFORE INSERT OR UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION normalize_email();
