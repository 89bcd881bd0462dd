# Two commands do all set-up on a bare machine with Python 3.11+:  make run  and  make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app allemaaldigitaal
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint redis install install-dev assets translations browser bench-tools db-upgrade demo-data clean

run: install assets translations db-upgrade
	$(FLASK) demo-data --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev assets translations browser redis
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff: lint and import order (configured in pyproject.toml)
lint: install-dev
	$(BIN)/ruff check .

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# NL Design System CSS, the Noto Sans font and Swagger UI come from npm (lock file committed), copied into
# static/vendor. Our own theme (tokens) is static/css/theme.css.
VENDOR := allemaaldigitaal/static/vendor
NOTO := node_modules/@fontsource/noto-sans
#: DejaVu Sans: the Unicode TrueType font embedded in receipts and certificates (printing/fonts.py)
DEJAVU := node_modules/dejavu-fonts-ttf
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/nlds $(VENDOR)/fonts $(VENDOR)/swagger-ui $(VENDOR)/jsqr
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/nlds/components.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md $(VENDOR)/nlds/LICENSE-components.md
	cp $(NOTO)/files/noto-sans-latin-400-normal.woff2 $(NOTO)/files/noto-sans-latin-700-normal.woff2 \
	   $(NOTO)/files/noto-sans-latin-400-italic.woff2 $(NOTO)/files/noto-sans-latin-ext-400-normal.woff2 \
	   $(NOTO)/files/noto-sans-latin-ext-700-normal.woff2 $(VENDOR)/fonts/
	cp $(NOTO)/LICENSE $(VENDOR)/fonts/LICENSE-noto-sans.txt
	cp $(DEJAVU)/ttf/DejaVuSans.ttf $(DEJAVU)/ttf/DejaVuSans-Bold.ttf $(DEJAVU)/ttf/DejaVuSansMono-Bold.ttf $(VENDOR)/fonts/
	cp $(DEJAVU)/LICENSE $(VENDOR)/fonts/LICENSE-dejavu.txt
	cp node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	   node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/
	cp node_modules/jsqr/dist/jsQR.js node_modules/jsqr/LICENSE $(VENDOR)/jsqr/
	touch $@

assets: $(VENDOR)/.installed

translations: install
	$(BIN)/pybabel compile -d allemaaldigitaal/translations --statistics

# The throttling tests share sign-in counts between app instances through Redis on 127.0.0.1:6379.
redis:
	@command -v redis-server >/dev/null || { apt-get update -q && apt-get install -y -q redis-server; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes && \
	  for _ in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0; sleep 1; done; \
	  echo "Redis did not start." >&2; exit 1; }

# bench/scan.py measures the app under gunicorn (a dependency of the app itself) with wrk.
bench-tools: install
	@command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }

# Browser tests drive Debian's Chromium.
browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

install-dev: $(VENV)/.installed-dev

db-upgrade: install
	$(FLASK) db upgrade

demo-data: db-upgrade
	$(FLASK) demo-data

clean:
	rm -rf $(VENV) node_modules allemaaldigitaal/static/vendor
