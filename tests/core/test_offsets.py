"""Code points (ours) against UTF-16 units (Qt's): they differ only past the Basic Multilingual Plane."""

from hypothesis import given
from hypothesis import strategies as st

from annotations.offsets import Utf16Offsets, unit_slice

TEXT = "Flags 🇰🇭 and 🇯🇵 raised; ministers signed 😀 the accord."


def test_offsets_after_astral_characters_shift_by_one_unit_each():
    offsets = Utf16Offsets(TEXT)
    signed = TEXT.index("signed")
    assert offsets.to_units(signed) == signed + 4                 # two flags, two code points each
    assert offsets.to_code_points(signed + 4) == signed
    assert offsets.to_units(TEXT.index("Flags")) == 0
    assert unit_slice(TEXT, offsets.to_units(signed), offsets.to_units(signed + 6)) == "signed"


def test_plain_text_is_left_alone():
    offsets = Utf16Offsets("Khmer ព្រះរាជាណាចក្រ and 日本")
    assert [offsets.to_units(i) for i in range(10)] == list(range(10))


@given(st.text(alphabet=st.sampled_from("ab ក😀🇰🇭𠀀\n"), max_size=40))
def test_conversions_agree_with_utf16_and_invert(text):
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        units = offsets.to_units(index)
        assert units == len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_code_points(units) == index
        assert unit_slice(text, 0, units) == text[:index]
