from __future__ import annotations

from doingoai.cli import main

raise SystemExit(main())
