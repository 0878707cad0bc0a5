package liveloop.engine;

import java.lang.reflect.Method;
import liveloop.machine.Behaviours;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The bytes of a class that makes a snippet's static method a {@link Behaviours.State} or
 * {@link Behaviours.Hook}: its {@code run()} is one {@code invokestatic} of the method. Defined
 * beside the snippet classes (same loader, same package), it may call their package-private
 * wrappers, and the JIT inlines through it as through a direct call, which it cannot do through
 * a method handle held in a field (that cost 1.88x a direct call). In-place redefinition keeps it
 * valid: it names the method, not a version of its body.
 */
final class BehaviourClasses {
    /** Their names, in JShell's package so that they may call its package-private wrappers. */
    static final String PREFIX = "REPL.$Liveloop$Behaviour";

    private BehaviourClasses() {}

    /** Whether {@code className} names one of these classes, e.g. to leave it out of a stack trace. */
    static boolean isOne(String className) {
        return className.startsWith(PREFIX);
    }

    /** A class {@code className} whose {@code String run()} returns {@code target()}; target returns a String. */
    static byte[] state(String className, Method target) {
        return calling(className, Behaviours.State.class, "()Ljava/lang/String;", target);
    }

    /** A class {@code className} whose {@code void run()} calls {@code target()} and drops what it returns. */
    static byte[] hook(String className, Method target) {
        return calling(className, Behaviours.Hook.class, "()V", target);
    }

    private static byte[] calling(String className, Class<?> behaviour, String runDescriptor, Method target) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS); // straight-line code: no frames
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                className.replace('.', '/'), null, "java/lang/Object", new String[] {Type.getInternalName(behaviour)});

        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC, "run", runDescriptor, null, null);
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(target.getDeclaringClass()), target.getName(),
                Type.getMethodDescriptor(target), false);
        Type returned = Type.getReturnType(target);
        if (Type.getReturnType(runDescriptor).getSort() == Type.VOID) {
            if (returned.getSize() > 0) {
                run.visitInsn(returned.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
            }
            run.visitInsn(Opcodes.RETURN);
        } else {
            run.visitInsn(Opcodes.ARETURN);
        }
        run.visitMaxs(0, 0);
        run.visitEnd();

        writer.visitEnd();
        return writer.toByteArray();
    }
}
