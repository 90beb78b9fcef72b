"""The real registry: every section the other apps register is covered by a rule, deliberately."""

import pytest

from compliance import rules
from compliance.review import review_agencies
from compliance.rules import State
from portal.sections import all_sections


def test_the_registry_is_not_empty():
    assert len(all_sections()) >= 3


@pytest.mark.parametrize("section", all_sections(), ids=lambda s: s.key)
def test_every_registered_section_is_mapped_to_a_rule_that_understands_its_parameters(section):
    assert "kind" in section.rule and section.rule["kind"] in rules.KINDS, (
        f"Section {section.key!r} names no known rule kind in its registry rule")
    kind = rules.kind_for(section)
    kind.clean_params(section.rule, strict=True)  # raises on a parameter the rule would silently ignore
    assert kind.describe(rules.effective_params(section))


def test_the_eight_sections_name_the_rule_kind_of_their_update_rule():
    from tests.compliance.test_rules import KIND_OF

    kinds = {section.path: section.rule.get("kind") for section in all_sections()}
    assert {path: kinds.get(path) for path in KIND_OF} == KIND_OF


def test_real_sections_evaluate_for_a_new_agency(agency):
    row = review_agencies([agency]).rows[0]
    assert [cell.section.key for cell in row.cells] == [s.key for s in all_sections()]
    assert all(cell.state in State.values and cell.reason for cell in row.cells)
