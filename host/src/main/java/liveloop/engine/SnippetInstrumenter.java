package liveloop.engine;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites snippet classes as they are loaded or redefined: a call to
 * {@link UserCodeGuard#check()} at each method entry and before each backward branch (so a
 * loop can be stopped), and {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}
 * sent to {@link UserCodeGuard} instead, whether called directly or through a method reference
 * or method handle constant ({@code IntConsumer c = System::exit}). The inserted code has no
 * stack effect, so existing stack map frames stay valid and nothing is recomputed. Host and
 * library code are never rewritten: only bytes JShell hands over. Reflection
 * ({@code System.class.getMethod("exit", int.class)}) and handles looked up at run time are
 * out of reach of any bytecode rewriting.
 */
final class SnippetInstrumenter {
    private static final String GUARD = UserCodeGuard.class.getName().replace('.', '/');

    private SnippetInstrumenter() {}

    static byte[] instrument(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new GuardedMethod(super.visitMethod(access, name, descriptor, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * The guard's stand-in for a method that would end the JVM, as a handle, or null if
     * {@code tag owner.name descriptor} is not one. {@code Runtime}'s are instance methods; their
     * stand-ins are static and take the runtime first, which suits both a call site (the
     * receiver is already first on the stack) and {@code LambdaMetafactory} (a bound receiver
     * becomes the first captured argument, an unbound one the first parameter).
     */
    private static Handle standIn(int tag, String owner, String name, String descriptor) {
        if (!descriptor.equals("(I)V")) {
            return null;
        }
        if (tag == Opcodes.H_INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")) {
            return new Handle(Opcodes.H_INVOKESTATIC, GUARD, "exit", "(I)V", false);
        }
        if (tag == Opcodes.H_INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                && (name.equals("exit") || name.equals("halt"))) {
            return new Handle(Opcodes.H_INVOKESTATIC, GUARD, name, "(Ljava/lang/Runtime;I)V", false);
        }
        return null;
    }

    /**
     * A constant with every handle to a JVM-ending method replaced by its stand-in: a method
     * reference is a handle among an {@code invokedynamic}'s bootstrap arguments, and a handle
     * may also be loaded with {@code ldc} or nest inside a dynamic constant.
     */
    private static Object guarded(Object constant) {
        if (constant instanceof Handle) {
            Handle h = (Handle) constant;
            Handle standIn = standIn(h.getTag(), h.getOwner(), h.getName(), h.getDesc());
            return standIn != null ? standIn : h;
        }
        if (constant instanceof ConstantDynamic) {
            ConstantDynamic c = (ConstantDynamic) constant;
            Object[] arguments = new Object[c.getBootstrapMethodArgumentCount()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = c.getBootstrapMethodArgument(i);
            }
            return new ConstantDynamic(c.getName(), c.getDescriptor(), c.getBootstrapMethod(), guardedAll(arguments));
        }
        return constant;
    }

    private static Object[] guardedAll(Object[] constants) {
        Object[] result = constants.clone();
        for (int i = 0; i < result.length; i++) {
            result[i] = guarded(result[i]);
        }
        return result;
    }

    private static final class GuardedMethod extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        GuardedMethod(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            seen.add(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                check(); // a backward branch: the loop's way back goes through the check
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            int tag = opcode == Opcodes.INVOKESTATIC ? Opcodes.H_INVOKESTATIC
                    : opcode == Opcodes.INVOKEVIRTUAL ? Opcodes.H_INVOKEVIRTUAL : -1;
            Handle standIn = standIn(tag, owner, name, descriptor);
            if (standIn != null) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, standIn.getOwner(), standIn.getName(), standIn.getDesc(), false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, guardedAll(arguments));
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(guarded(value));
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "check", "()V", false);
        }
    }
}
