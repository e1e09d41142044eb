"""Files that say only `process` or `request` are postponed: parsed in the link step when a file that was read
imports them or they import a class a file that was read declares, and never otherwise. Each test is a small
project; the assertions are the exact inventory or the exact findings."""

from __future__ import annotations

from msglint.lint.config import Config
from msglint.lint.run import Unsaved, lint
from msglint.readers.python.postponed import pending
from tests.conftest import write

MESSAGES = """\
class Command:
    pass


class ShipOrder(Command):
    order_id: str
"""

# says no word of the prefilter but `process`: postponed
SHIPPING = """\
\"\"\"How orders are processed.\"\"\"


def ship(order) -> None:
    pass
"""

# a registry that hands ShipOrder to a function of the postponed file
WIRING = """\
from shop.orders import ShipOrder
from shop.shipping import ship

HANDLERS = {ShipOrder: ship}
"""

# says no word of the prefilter but `process`, and imports a class that orders.py declares
PROCESSOR = """\
from shop.orders import ShipOrder


class Shipping:
    def process(self, order: ShipOrder) -> None:
        pass
"""

BROKEN_VIEW = """\
def view(request):
    return request.user +
"""


def project(tmp_path, files: dict[str, str]):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop/__init__.py", "")
    write(tmp_path, "shop/orders.py", MESSAGES)
    for name, text in files.items():
        write(tmp_path, name, text)
    return tmp_path


def handlers(result) -> list[tuple[str, list[tuple[str, int]]]]:
    system = result.system
    return sorted(
        (message.name, sorted((h.location.path.rpartition("/")[2], h.location.line) for h in system.handlers_of(key)))
        for key, message in system.messages.items()
    )


def findings(result) -> list[tuple[str, str, int, str]]:
    return [(d.code, d.location.path.rpartition("/")[2], d.location.line, d.message) for d in result.diagnostics]


def test_a_postponed_file_that_a_read_file_imports_is_read(tmp_path):
    root = project(tmp_path, {"shop/shipping.py": SHIPPING, "shop/wiring.py": WIRING})

    result = lint([root], Config(), use_cache=False)

    assert handlers(result) == [("ShipOrder", [("shipping.py", 4)])]


def test_a_postponed_file_that_imports_a_class_a_read_file_declares_is_read(tmp_path):
    root = project(tmp_path, {"shop/processor.py": PROCESSOR})

    result = lint([root], Config(), use_cache=False)

    assert handlers(result) == [("ShipOrder", [("processor.py", 5)])]


def test_a_postponed_file_that_imports_the_module_of_a_class_a_read_file_declares_is_read(tmp_path):
    by_module = PROCESSOR.replace("from shop.orders import ShipOrder", "from shop import orders")
    by_alias = PROCESSOR.replace("from shop.orders import ShipOrder", "import shop.orders as o")
    root = project(
        tmp_path,
        {
            "shop/processor.py": by_module.replace("order: ShipOrder", "order: orders.ShipOrder"),
            "shop/other.py": by_alias.replace("order: ShipOrder", "order: o.ShipOrder"),
        },
    )

    result = lint([root], Config(), use_cache=False)

    assert handlers(result) == [("ShipOrder", [("other.py", 5), ("processor.py", 5)])]


def test_a_postponed_file_that_imports_a_class_through_a_package_that_re_exports_it_is_read(tmp_path):
    root = project(
        tmp_path,
        {
            "shop/contracts/__init__.py": 'from shop.orders import ShipOrder\n\n__all__ = ["ShipOrder"]\n',
            "shop/workers/__init__.py": "",
            "shop/workers/processor.py": PROCESSOR.replace("from shop.orders", "from shop.contracts"),
        },
    )

    result = lint([root], Config(), use_cache=False)

    assert handlers(result) == [("ShipOrder", [("processor.py", 5)])]


def test_files_are_read_in_turn_as_each_read_file_refers_to_the_next(tmp_path):
    # wiring.py (read) imports shipping.py (postponed), which imports rules.py (postponed): both are read
    shipping = "from shop.rules import check\n" + SHIPPING
    rules = "def check(request):\n    return request +\n"
    root = project(tmp_path, {"shop/shipping.py": shipping, "shop/wiring.py": WIRING, "shop/rules.py": rules})

    result = lint([root], Config(), use_cache=False)

    assert [f[:3] for f in findings(result)] == [("MSG901", "rules.py", 2)]
    assert handlers(result) == [("ShipOrder", [("shipping.py", 5)])]


def test_a_postponed_file_nobody_refers_to_is_never_parsed(tmp_path):
    root = project(tmp_path, {"shop/views.py": BROKEN_VIEW})

    result = lint([root], Config(), use_cache=False)

    assert findings(result) == []
    assert sorted(path.rpartition("/")[2] for path in result.files) == ["orders.py", "views.py"]


def test_a_postponed_file_that_is_referred_to_has_its_problems_reported(tmp_path):
    view = "from shop.orders import ShipOrder\n\n\ndef view(request):\n    return ShipOrder(\n"
    root = project(tmp_path, {"shop/views.py": view})

    result = lint([root], Config(), use_cache=False)

    assert [f[:3] for f in findings(result)] == [("MSG901", "views.py", 5)]


def test_an_editors_buffer_is_read_at_once_never_postponed(tmp_path):
    root = project(tmp_path, {"shop/views.py": "def view(request):\n    return request\n"})
    buffer = Unsaved(root / "shop" / "views.py", BROKEN_VIEW.encode())

    result = lint([root / "shop" / "views.py"], Config(), use_cache=False, unsaved=buffer)

    assert [f[:3] for f in findings(result)] == [("MSG901", "views.py", 2)]


def test_the_cache_keeps_a_postponed_file_postponed_and_reads_it_once_it_is_referred_to(tmp_path):
    root = project(tmp_path, {"shop/shipping.py": SHIPPING, "shop/wiring.py": "HANDLERS = {}\n"})
    cache = tmp_path / "cache"

    first = lint([root], Config(), cache_dir=cache)
    write(root, "shop/wiring.py", WIRING)
    second = lint([root], Config(), cache_dir=cache)
    again = lint([root], Config(), cache_dir=cache)

    assert handlers(first) == [("ShipOrder", [])]
    assert handlers(second) == [("ShipOrder", [("shipping.py", 4)])]
    assert handlers(again) == handlers(second)


def test_a_postponed_files_imports_are_read_from_its_text():
    text = b"""\
from . import views
from ..models import (
    Order as O,
    Line,
)
import os.path, json as j
    from .processing import run  # indented: inside a function
"""

    record = pending(text, "shop.orders.api", False)

    assert record.module == "shop.orders.api"
    assert record.imports == (
        "shop.orders.views",
        "shop.models.Order",
        "shop.models.Line",
        "os.path",
        "json",
        "shop.orders.processing.run",
    )


def test_a_package_resolves_relative_imports_from_itself():
    record = pending(b"from .handlers import process_all\n", "shop.orders", True)

    assert record.imports == ("shop.orders.handlers.process_all",)


def test_module_names_are_matched_by_their_dotted_tails_either_way():
    from msglint.readers.python.postponed import Referrals
    from msglint.readers.python.summary import Pending, Summary

    postponed = {
        "src/shop/models.py": Pending("src.shop.models"),  # imported as `shop.models`
        "models.py": Pending("models"),  # a script folder's module, imported as `app.models`
        "billing/models.py": Pending("billing.models"),  # not imported
    }
    referrals = Referrals(postponed)

    found = referrals.referred_by([Summary("shop.api", imports={"Order": "shop.models.Order", "M": "app.models"})])

    assert found == ["src/shop/models.py", "models.py"]
    assert referrals.referred_by([Summary("shop.other", imports={"Order": "shop.models.Order"})]) == []


def test_a_postponed_file_whose_import_list_is_too_long_to_tell_is_read_at_once(tmp_path):
    names = ",\n    ".join(f"helper_{number}" for number in range(300))  # over the bound of a parenthesised list
    processor = PROCESSOR.replace("from shop.orders import ShipOrder", f"from shop.orders import (ShipOrder, {names})")
    root = project(tmp_path, {"shop/processor.py": processor})

    result = lint([root], Config(), use_cache=False)

    assert pending(processor.encode(), "shop.processor", False) is None
    assert handlers(result) == [("ShipOrder", [("processor.py", 304)])]


def test_the_import_lines_of_one_long_line_are_one_line():
    from msglint.readers.python.postponed import _import_lines

    data = b"# process\nx = 1; " + b"import_ " * 1000 + b"\nimport os\n"
    assert _import_lines(data) == [10, data.index(b"import os")]
