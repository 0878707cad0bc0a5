// A traffic light, live. liveloop ticks it 60 times a second: each tick calls the method of
// the current state, which returns the name of the next state.
//
// Change it while it runs: edit a number below and save, or type at the prompt, e.g.
//   String yellow() { return ++t >= 20 ? go("red") : "yellow"; }
// `t` and `cycles` keep their values. At the prompt, `cycles` shows the live value,
// /state shows where the machine is, /hz 10 slows it down, /help lists the rest.

int GREEN = 240, YELLOW = 60, RED = 180;   // ticks each light stays on

int t = 0;          // ticks spent in the current light
int cycles = 0;     // times the light went round
String light = "";  // the light that is on

String start()  { return "green"; }
String green()  { return ++t >= GREEN  ? go("yellow") : "green"; }
String yellow() { return ++t >= YELLOW ? go("red")    : "yellow"; }
String red()    { return ++t >= RED    ? go("green")  : "red"; }

String go(String next) { t = 0; return next; }

// enter_<state>() runs when the machine enters a state (exit_<state>() when it leaves).
void enter_green()  { cycles++; show("green"); }
void enter_yellow() { show("yellow"); }
void enter_red()    { show("red"); }

void show(String name) {
    light = name;
    System.out.println(lamps() + "  " + name + "  (cycle " + cycles + ")");
}

String lamps() {
    return switch (light) {
        case "red" -> "(R)( )( )";
        case "yellow" -> "( )(Y)( )";
        default -> "( )( )(G)";
    };
}

// In a terminal, view() is drawn under the prompt ten times a second. Try changing the bar:
//   String bar(int done, int width) { return "=".repeat(done) + ">" + " ".repeat(width - done); }
String view() {
    int limit = switch (light) { case "red" -> RED; case "yellow" -> YELLOW; default -> GREEN; };
    int width = 40, done = Math.min(width, t * width / limit);
    return lamps() + "  " + light + "\n[" + bar(done, width) + "]  " + Math.max(0, limit - t) + " ticks to go";
}

String bar(int done, int width) { return "#".repeat(done) + ".".repeat(width - done); }
