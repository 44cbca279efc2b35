"""Create the Rucio schema, the default VO and the root account (what Rucio's tools/bootstrap.py does).

Run by start.sh with the venv's python and RUCIO_CONFIG pointing at the generated rucio.cfg.
Does nothing when the schema, the VO and the root account already exist, so start.sh can run it
on every start.
"""
import sys

from sqlalchemy import inspect, select

from rucio.common.types import InternalAccount
from rucio.db.sqla import models
from rucio.db.sqla.session import get_engine, get_session
from rucio.db.sqla.util import build_database, create_base_vo, create_root_account


def main() -> int:
    engine = get_engine()
    if not inspect(engine).has_table(models.Account.__tablename__):
        print("[rucio-dev] creating the Rucio schema", file=sys.stderr)
        build_database()  # tables + alembic "stamp head" (needs [alembic] cfg)
    session = get_session()
    with session() as s:
        has_vo = s.execute(select(models.VO)).first() is not None
        has_root = s.execute(
            select(models.Account).where(models.Account.account == InternalAccount("root"))
        ).first() is not None
    if not has_vo:
        create_base_vo()  # VO "def" (single-VO server)
    if not has_root:
        # root + the userpass identity from [bootstrap] (x509/gss/ssh are left empty in rucio.cfg)
        print("[rucio-dev] creating the root account", file=sys.stderr)
        create_root_account()
    return 0


if __name__ == "__main__":
    sys.exit(main())
