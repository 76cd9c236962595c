# Journeys: `make run` serves the demo on http://127.0.0.1:8000 (PORT=8123 make run, HOST=…);
# `make test` runs every test.
# Needs only Python 3.11, Node.js/npm and the package registries; installs uv if it is missing.

UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export UV_PYTHON_DOWNLOADS := never
# Compile installed packages once at install time: every `journeys` process then starts faster,
# even where the environment stops Python writing bytecode as it runs.
export UV_COMPILE_BYTECODE := 1
CSS := journeys/static/build/journeys.css
PYTEST_ARGS ?=

.PHONY: help run test test-slow install assets browser bench load lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

run: install assets ## set up the database, load demo content and serve on $HOST:$PORT (127.0.0.1:8000)
	@echo "==> Setting up the database and the demonstration content"
	JOURNEYS_DEBUG=1 $(UV) run journeys serve --demo

test: install assets browser ## run the whole test suite (SQLite, or PostgreSQL via DATABASE_URL)
	$(UV) run pytest $(PYTEST_ARGS)

install: ## install uv if missing, then the locked Python dependencies
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || { echo "==> Installing uv"; python3 -m pip install --quiet "uv==$(UV_VERSION)"; }
	@echo "==> Installing the locked Python packages (the first time, compiling them takes a few minutes)"
	@scripts/heartbeat.sh "installing Python packages" $(UV) sync --frozen

assets: $(CSS) ## fetch GOV.UK Frontend and compile its styles without GDS Transport

# --loglevel=error: npm's notices about packages' install scripts are not problems for Journeys.
node_modules/.package-lock.json: package.json package-lock.json
	@echo "==> Fetching GOV.UK Frontend (npm ci)"
	@scripts/heartbeat.sh "fetching GOV.UK Frontend" npm ci --no-audit --no-fund --loglevel=error

$(CSS): node_modules/.package-lock.json journeys/static_src/journeys.scss
	@echo "==> Compiling the styles"
	npm run --silent build:css

browser: ## Debian's Chromium and Liberation fonts for the browser tests (installed when run as root)
	@command -v chromium >/dev/null 2>&1 && fc-list | grep -q "Liberation Sans" || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium fonts-liberation2 >/dev/null; } || \
	  { echo "Install Debian's chromium and fonts-liberation2 for the browser tests" >&2; exit 1; }

bench: install assets ## time evidence imports and the LA evidence page against their baselines
	$(UV) run python scripts/bench.py

test-slow: install assets ## the slow generated runs (10,000 damaged evidence files), SQLite or DATABASE_URL
	$(UV) run pytest -m slow $(PYTEST_ARGS)

load: install assets ## 50 users for 60 s against gunicorn on loopback; prints p50/p95/p99 and errors
	$(UV) run python scripts/load.py

lint: install ## ruff's checks and formatting, then the import contracts in .importlinter (floors, Django-free calculations)
	$(UV) run ruff check journeys
	$(UV) run ruff format --check journeys scripts
	$(UV) run lint-imports

clean: ## remove the local database and built assets
	rm -rf var $(CSS)
