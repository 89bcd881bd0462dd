"""Automatic allocation picks the nearest workshop first, then the preferred grade, then the device ready longest."""
from hypothesis import HealthCheck, given, settings, strategies as st

from allemaaldigitaal.care.allocation import allocate_auto, postcode_region, workshop_distance
from allemaaldigitaal.core.enums import ConditionGrade as G, DeviceKind, OrganisationKind as K
from allemaaldigitaal.core.models import Organisation

#: workshops by name: (province, postcode); the care organisation is in Utrecht, postcode region 35
WORKSHOPS = {
    "utrecht": ("Utrecht", "3511 AA"),
    "amersfoort": ("Utrecht", "3811 AB"),
    "gouda": ("Zuid-Holland", "2801 AC"),
    "groningen": ("Groningen", "9711 AD"),
    "unknown": (None, None),
}
GRADES = [G.A, G.B, G.C, None]

devices_strategy = st.lists(
    st.tuples(st.sampled_from(sorted(WORKSHOPS)), st.sampled_from(GRADES), st.integers(0, 5000)),
    min_size=1, max_size=8,
)


def expected_order(world, devices, prefer):
    """The rule in Python: nearest workshop, preferred grades (others, then ungraded), longest ready, lowest id."""
    care = world.care.organisation

    def grade_rank(grade):
        if grade is None:
            return len(prefer) + 1 if prefer else 1
        return prefer.index(grade) if grade in prefer else len(prefer) if prefer else 0

    def key(device):
        workshop = device.custodian
        return (workshop_distance(workshop, care), workshop.id, grade_rank(device.condition_grade),
                device.status_changed_at, device.id)

    return sorted(devices, key=key)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(devices=devices_strategy, prefer=st.lists(st.sampled_from([G.A, G.B, G.C]), unique=True, max_size=3),
       wanted=st.integers(1, 8))
def test_auto_allocation_takes_the_best_devices_in_order(world, session, devices, prefer, wanted):
    world.make.one(K.DONOR)
    world.make.one(K.COORDINATOR)
    nested = session.begin_nested()
    try:
        made = [
            world.device(workshop=world.workshop(name, *WORKSHOPS[name]), grade=grade, ready_minutes_ago=minutes)
            for name, grade, minutes in devices
        ]
        claim = world.claim(wanted, 0)
        best = [device.id for device in expected_order(world, made, prefer)[:wanted]]
        allocated = allocate_auto(claim, world.coordinator, prefer_grades=prefer)
        assert sorted(device.id for device in allocated) == sorted(best)
    finally:
        nested.rollback()
        world.workshops.clear()


def test_the_same_province_comes_before_a_nearer_postcode_elsewhere(world):
    care = world.care.organisation
    near_but_other_province = Organisation(kind=care.kind, name="x", province="Gelderland", postcode="3600 AA")
    far_in_province = Organisation(kind=care.kind, name="y", province="Utrecht", postcode="3900 AA")
    assert workshop_distance(far_in_province, care) < workshop_distance(near_but_other_province, care)


def test_postcode_regions():
    assert [postcode_region(text) for text in ("3511 AA", " 9711AD", None, "", "AB12", "1")] == [35, 97, None, None,
                                                                                               None, None]


def test_nearest_workshop_wins_over_grade_and_age(world):
    far = world.device(workshop=world.workshop("groningen", "Groningen", "9711 AD"), grade=G.A, ready_minutes_ago=900)
    near = world.device(workshop=world.workshop("utrecht"), grade=G.C, ready_minutes_ago=1)
    claim = world.claim(1, 0)
    assert allocate_auto(claim, world.coordinator, prefer_grades=[G.A]) == [near]
    assert far.claim_id is None


def test_within_a_workshop_the_preferred_grade_then_the_oldest_go_first(world):
    young_a = world.device(grade=G.A, ready_minutes_ago=5)
    old_b = world.device(grade=G.B, ready_minutes_ago=500)
    old_a = world.device(grade=G.A, ready_minutes_ago=50)
    claim = world.claim(2, 0)
    assert allocate_auto(claim, world.coordinator, laptops=1, prefer_grades=[G.A]) == [old_a]
    assert allocate_auto(claim, world.coordinator, laptops=1) == [old_b], "without a preference the oldest first"
    assert young_a.claim_id is None


def test_tablets_and_laptops_are_chosen_separately(world):
    tablet = world.device(kind=DeviceKind.TABLET, ready_minutes_ago=1)
    laptop = world.device(kind=DeviceKind.LAPTOP, ready_minutes_ago=999)
    claim = world.claim(0, 1)
    assert allocate_auto(claim, world.coordinator) == [tablet]
    assert laptop.claim_id is None
