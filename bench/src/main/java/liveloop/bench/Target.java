package liveloop.bench;

/** A figure's goal, e.g. at most 20 ms. */
record Target(double limit, String unit) {
    static Target atMost(double limit, String unit) {
        return new Target(limit, unit);
    }

    boolean metBy(double value) {
        return value <= limit;
    }

    @Override
    public String toString() {
        return "<= " + Report.number(limit) + (unit.isEmpty() || unit.equals("x") ? unit : " " + unit);
    }
}
