from portal.text import fold, fold_html, search_terms


def test_fold_removes_diacritics_and_maps_d():
    assert fold("Thủ tục Hành chính Đất đai") == "thu tuc hanh chinh dat dai"


def test_fold_handles_decomposed_input_and_spaces():
    decomposed = "Thu\u0309 tu\u0323c   ha\u0300nh"  # NFD input, as some Mac keyboards produce
    assert fold(decomposed) == "thu tuc hanh"


def test_fold_of_nothing_is_empty():
    assert fold(None) == "" and fold("") == ""


def test_fold_html_uses_visible_text_only():
    assert fold_html("<p>Đăng&nbsp;ký <strong>khai sinh</strong></p>") == "dang ky khai sinh"


def test_search_terms_fold_and_limit():
    assert search_terms("  Đăng ký   KHAI sinh ") == ["dang", "ky", "khai", "sinh"]
    assert len(search_terms("a " * 50)) == 10
