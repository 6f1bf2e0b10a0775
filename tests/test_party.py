"""``Party`` (API.md "Added in 0.3"): a seller, buyer or letter recipient's identity, its
identifiers checked as INSEE and the tax administration issue them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import lexom_terms as lt
from lexom_terms.models import Party

# A SIREN with a valid Luhn key, its head office's SIRET and its French VAT number
# (key = (12 + 3 × (552100554 mod 97)) mod 97 = 96)
SIREN = "552100554"
SIRET = "55210055400005"
VAT = "FR96552100554"
IBAN = "FR7630006000011234567890189"


def code_of(**fields: object) -> str:
    data: dict[str, object] = {"name": "ACME SAS"}
    data.update(fields)
    with pytest.raises(ValidationError) as caught:
        Party.model_validate(data)
    (error,) = caught.value.errors()
    return str(error["type"])


def test_party_is_public_and_keeps_what_it_is_given() -> None:
    party = lt.Party(
        name="ACME  SAS ",
        siren="552 100 554",
        siret="552 100 554 00005",
        vat_number="fr 96 552100554",
        address=("Bâtiment B", "3 rue de la Paix"),
        postcode="75002",
        city="Paris",
        country="fr",
        email="compta@acme.example",
        iban="FR76 3000 6000 0112 3456 7890 189",
    )
    # free text kept (only the outer spaces the models always strip); identifiers compacted
    assert party.name == "ACME  SAS"
    assert (party.siren, party.siret, party.vat_number, party.iban) == (SIREN, SIRET, VAT, IBAN)
    assert party.country == "FR"
    assert party.address_lines == ("ACME  SAS", "Bâtiment B", "3 rue de la Paix", "75002 Paris")
    assert Party.model_validate_json(party.model_dump_json()) == party


def test_defaults_are_an_identity_with_a_name_only() -> None:
    party = Party(name="Jeanne Martin")
    assert party.siren is None and party.registration is None and party.iban == ""
    assert party.address_lines == ("Jeanne Martin",)


def test_registration_reads_the_siren_off_the_siret() -> None:
    assert Party(name="x", siret=SIRET).registration == SIREN
    assert Party(name="x", siret=SIRET, vat_number=VAT).vat_number == VAT


def test_a_foreign_address_ends_with_its_country_and_overseas_france_does_not() -> None:
    assert (
        Party(name="x", city="Bruxelles", postcode="1000", country="BE").address_lines[-1] == "BE"
    )
    assert Party(name="x", city="Saint-Denis", postcode="97400", country="RE").address_lines == (
        "x",
        "97400 Saint-Denis",
    )


def test_la_poste_follows_insee_s_own_rule() -> None:
    # La Poste's SIREN fails Luhn; its SIRETs have a digit sum that is a multiple of 5
    assert Party(name="La Poste", siren="356000000", siret="35600000049837").siren == "356000000"
    assert code_of(siren="356000000", siret="35600000049838") == "siret_checksum"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"siren": "55210055"}, "siren_format"),
        ({"siren": "5521005540"}, "siren_format"),
        ({"siren": "55210055a"}, "siren_format"),
        ({"siren": "５５２１００５５４"}, "siren_format"),  # full-width digits
        ({"siren": "552100555"}, "siren_checksum"),
        ({"siret": "5521005540000"}, "siret_format"),
        ({"siret": "55210055400006"}, "siret_checksum"),
        ({"siren": SIREN, "siret": "73282932000074"}, "siret_siren_mismatch"),
        ({"vat_number": "96552100554"}, "vat_number_format"),
        ({"vat_number": "FR9655210055"}, "vat_number_format"),
        ({"vat_number": "FR97552100554"}, "vat_number_checksum"),
        ({"siren": "732829320", "vat_number": VAT}, "vat_number_siren_mismatch"),
        ({"siret": "73282932000074", "vat_number": VAT}, "vat_number_siren_mismatch"),
        ({"iban": "FR7630006000011234567890188"}, "iban_checksum"),
        ({"iban": "FR763000600001123456789018"}, "iban_format"),
        ({"iban": "7630006000011234567890189"}, "iban_format"),
        ({"email": "compta.acme.example"}, "email_format"),
        ({"email": "compta@acme"}, "email_format"),
        ({"email": "compta @acme.example"}, "email_format"),
        ({"postcode": "7500"}, "postcode_format"),
        ({"postcode": "75 002"}, "postcode_format"),
        ({"country": "FRA"}, "unknown_country"),
        ({"name": "ACME\nSAS"}, "control_character"),
        ({"name": "ACME\x1b[31m"}, "control_character"),
        ({"address": ("3 rue\tde la Paix",)}, "control_character"),
        ({"city": "Par\u2028is"}, "control_character"),
        ({"address": ("a", "b", "c", "d", "e")}, "too_many_address_lines"),
        ({"address": ("",)}, "empty_address_line"),
        ({"name": ""}, "string_too_short"),
        ({"iban": None}, "string_type"),
    ],
)
def test_bad_identities_are_refused_with_a_stable_code(
    fields: dict[str, object], code: str
) -> None:
    assert code_of(**fields) == code


def test_a_foreign_postcode_and_vat_number_are_not_held_to_french_rules() -> None:
    party = Party(
        name="x", postcode="SW1A 1AA", city="London", country="GB", vat_number="GB123456789"
    )
    assert party.postcode == "SW1A 1AA"
    assert Party(name="x", vat_number="FRAB552100554").vat_number == "FRAB552100554"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_exactly_one_key_digit_completes_a_siren(head: str) -> None:
    valid = []
    for digit in "0123456789":
        try:
            Party(name="x", siren=head + digit)
        except ValidationError:
            continue
        valid.append(digit)
    assert len(valid) == 1 or head + "0" == "356000000"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_a_french_vat_number_is_computed_from_any_siren(siren: str) -> None:
    key = (12 + 3 * (int(siren) % 97)) % 97
    assert Party(name="x", vat_number=f"FR{key:02d}{siren}").vat_number == f"FR{key:02d}{siren}"
    wrong = (key + 1) % 97
    with pytest.raises(ValidationError, match="key does not match"):
        Party(name="x", vat_number=f"FR{wrong:02d}{siren}")
