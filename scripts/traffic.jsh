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

String start()  { return "green"; }
String green()  { return ++t >= GREEN  ? go("yellow") : "green"; }
String yellow() { return ++t >= YELLOW ? go("red")    : "yellow"; }
String red()    { return ++t >= RED    ? go("green")  : "red"; }

String go(String next) { t = 0; return next; }

// enter_<state>() runs when the machine enters a state (exit_<state>() when it leaves).
void enter_green()  { cycles++; show("( )( )(G)", "green"); }
void enter_yellow() { show("( )(Y)( )", "yellow"); }
void enter_red()    { show("(R)( )( )", "red"); }

void show(String lamps, String name) {
    System.out.println(lamps + "  " + name + "  (cycle " + cycles + ")");
}
