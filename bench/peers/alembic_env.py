# Alembic's env.py for the benchmark: online mode on a SQLite file, as
# `alembic init` sets it up. `-x single=1` runs the whole upgrade in one
# transaction; otherwise each revision gets its own (transaction_per_migration).
from alembic import context
from sqlalchemy import create_engine

config = context.config
single = context.get_x_argument(as_dictionary=True).get("single") == "1"
engine = create_engine(config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=not single)
    with context.begin_transaction():
        context.run_migrations()
