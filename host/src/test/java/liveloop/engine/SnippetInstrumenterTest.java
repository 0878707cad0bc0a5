package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Method handle constants, which javac never emits but class files may hold, are redirected
 * like calls: loaded with {@code ldc}, or nested in a dynamic constant. Method references,
 * which javac compiles to handles among {@code invokedynamic}'s arguments, are covered through
 * JShell in RunawayCodeTest.
 */
class SnippetInstrumenterTest {
    private static final String MH = "java/lang/invoke/MethodHandle";
    private static final Handle SYSTEM_EXIT = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
    private static final Handle RUNTIME_HALT = new Handle(Opcodes.H_INVOKEVIRTUAL, "java/lang/Runtime", "halt", "(I)V", false);
    /** {@code ConstantBootstraps.explicitCast}: a dynamic constant whose value is its argument. */
    private static final Handle AS_CONSTANT = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/ConstantBootstraps",
            "explicitCast", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;Ljava/lang/Object;)"
                    + "Ljava/lang/Object;", false);

    @Test
    void handleConstantsToExitAreRedirectedToTheGuard() throws Exception {
        byte[] instrumented = SnippetInstrumenter.instrument(exits());
        // Checked before anything runs: if the rewrite missed one, running it would end the test JVM.
        assertThat(handlesUsedBy(instrumented)).isNotEmpty()
                .allSatisfy(h -> assertThat(h.getOwner()).isEqualTo(UserCodeGuard.class.getName().replace('.', '/')));

        Class<?> exits = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("Exits", instrumented, 0, instrumented.length);
            }
        }.define();
        for (String method : new String[] {"systemExit", "runtimeHalt", "dynamicSystemExit"}) {
            Method m = exits.getMethod(method);
            assertThatThrownBy(() -> m.invoke(null)).as(method).isInstanceOf(InvocationTargetException.class)
                    .cause().isInstanceOf(SecurityException.class).hasMessageContaining("would stop the host");
        }
    }

    /** A class that ends the JVM three ways through method handle constants. */
    private static byte[] exits() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Exits", null, "java/lang/Object", null);

        MethodVisitor m = method(writer, "systemExit");
        m.visitLdcInsn(SYSTEM_EXIT);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", "(I)V", false);
        end(m);

        m = method(writer, "runtimeHalt");
        m.visitLdcInsn(RUNTIME_HALT);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;", false);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", "(Ljava/lang/Runtime;I)V", false);
        end(m);

        m = method(writer, "dynamicSystemExit");
        m.visitLdcInsn(new ConstantDynamic("exit", "L" + MH + ";", AS_CONSTANT, SYSTEM_EXIT));
        m.visitInsn(Opcodes.ICONST_0);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", "(I)V", false);
        end(m);

        writer.visitEnd();
        return writer.toByteArray();
    }

    private static MethodVisitor method(ClassWriter writer, String name) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "()V", null,
                new String[] {"java/lang/Throwable"});
        m.visitCode();
        return m;
    }

    private static void end(MethodVisitor m) {
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** The method handle constants the code loads, directly or inside dynamic constants. */
    private static List<Handle> handlesUsedBy(byte[] bytes) {
        List<Handle> handles = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        collect(value);
                    }

                    private void collect(Object value) {
                        if (value instanceof Handle) {
                            handles.add((Handle) value);
                        } else if (value instanceof ConstantDynamic) {
                            ConstantDynamic c = (ConstantDynamic) value;
                            for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
                                collect(c.getBootstrapMethodArgument(i));
                            }
                        }
                    }
                };
            }
        }, 0);
        return handles;
    }
}
